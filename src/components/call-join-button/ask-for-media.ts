/**
 * Asks for camera and microphone while the user's tap is still being handled: iOS Safari prompts only from a user
 * gesture, which the room framed later never gets; browsers that delegate permissions to frames (`allow=camera`)
 * then carry this answer into the room. The tracks stop at once. A refusal, or no media API at all, changes
 * nothing here: the room's check-in explains how to recover.
 */
export const askForMedia = (): void => {
  navigator.mediaDevices
    ?.getUserMedia({ video: true, audio: true })
    .then((stream) => stream.getTracks().forEach((track) => track.stop()))
    .catch(() => undefined);
};
