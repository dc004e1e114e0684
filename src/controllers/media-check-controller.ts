import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `off`: not running; `pending`: asking the browser; `denied`: the user or the browser blocked access. */
export type MediaCheckStatus = 'off' | 'pending' | 'ready' | 'denied' | 'failed';

export type MediaKind = 'camera' | 'microphone';

export interface MediaDeviceChoice {
  id: string;
  /** The device's name, shown to the user only (empty before access was granted). */
  label: string;
}

export interface MediaCheckResult {
  camera: boolean;
  microphone: boolean;
  kinds: string[];
}

const stopTracks = (stream?: MediaStream) => stream?.getTracks().forEach((track) => track.stop());

/** A refusal by the user or the browser, or a device that would not start. */
const outcome = (error: unknown): MediaCheckStatus =>
  (error as Error | undefined)?.name === 'NotAllowedError' ? 'denied' : 'failed';

/** Whether the browser says the microphone is allowed (so asking for it cannot show a prompt). */
const microphoneAllowed = async (): Promise<boolean> => {
  try {
    return (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state === 'granted';
  } catch {
    return false;
  }
};

/**
 * The camera and microphone check before a visit: asks for access, lists the devices, gives a self-view stream
 * and a microphone level, and follows the permission state where the Permissions API tells it. Runs between
 * `start()` and `stop()` while the host is in the document; every track is stopped when it ends.
 */
export class MediaCheckController implements ReactiveController {
  status: MediaCheckStatus = 'off';
  /** The camera's video alone, for a self-view (no audio track: it must not echo). */
  preview?: MediaStream;
  /** Microphone level, 0–100 in steps of 5. */
  level = 0;
  cameras: MediaDeviceChoice[] = [];
  microphones: MediaDeviceChoice[] = [];
  /** Chosen device ids; empty: the browser's default. */
  chosen: Record<MediaKind, string> = { camera: '', microphone: '' };
  /** Permission states where the Permissions API answers (not in every browser). */
  permissions: Partial<Record<MediaKind, PermissionState>> = {};
  /** Kinds of devices present, e.g. `videoinput`. */
  kinds: string[] = [];

  private wanted = false;
  private run = 0;
  private stream?: MediaStream;
  private audio?: AudioContext;
  private frame = 0;
  private watched: PermissionStatus[] = [];

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  start(): void {
    this.wanted = true;
    this.restart();
  }

  stop(): void {
    this.wanted = false;
    this.release();
  }

  /** Asks again: after the user unblocked access, or chose another device. */
  restart(): void {
    this.release();
    if (this.wanted && this.host.isConnected) void this.acquire();
  }

  select(kind: MediaKind, id: string): void {
    this.chosen[kind] = id;
    this.restart();
  }

  /** What works now: kinds only, never device ids or labels. */
  get result(): MediaCheckResult {
    const live = (kind: string) =>
      !!this.stream?.getTracks().some((track) => track.kind === kind && track.readyState === 'live');
    return { camera: live('video'), microphone: live('audio'), kinds: [...this.kinds] };
  }

  hostConnected(): void {
    this.restart();
  }

  hostDisconnected(): void {
    this.release();
  }

  private release(): void {
    this.run++;
    stopTracks(this.stream);
    this.stream = this.preview = undefined;
    cancelAnimationFrame(this.frame);
    void this.audio?.close();
    this.audio = undefined;
    for (const status of this.watched) status.onchange = null;
    this.watched = [];
    this.level = 0;
    this.status = 'off';
  }

  private async acquire(): Promise<void> {
    const run = ++this.run;
    const current = () => run === this.run;
    this.status = 'pending';
    this.host.requestUpdate();
    void this.watch(run);
    try {
      const media = navigator.mediaDevices;
      // Before access is granted browsers list the kinds present (without ids or labels): ask only for those,
      // or a missing camera would fail the microphone too.
      const present = new Set((await media.enumerateDevices()).map((device) => device.kind));
      this.kinds = [...present];
      const want = (kind: MediaDeviceKind, id: string) =>
        (!present.size || present.has(kind)) && (id ? { deviceId: { exact: id } } : true);
      const video = want('videoinput', this.chosen.camera);
      const audio = want('audioinput', this.chosen.microphone);
      let stream: MediaStream;
      let status: MediaCheckStatus = 'ready';
      try {
        stream = await media.getUserMedia({ video, audio });
      } catch (error) {
        // One refusal covers both devices, though only the camera may be blocked or busy. Where the browser says
        // the microphone is allowed (no second prompt can appear), take it alone: the visit can go on by voice.
        if (!video || !audio || !current() || !(await microphoneAllowed())) throw error;
        stream = await media.getUserMedia({ audio }).catch(() => Promise.reject(error));
        status = outcome(error);
      }
      if (!current()) return stopTracks(stream);
      this.stream = stream;
      const devices = await media.enumerateDevices();
      if (!current()) return;
      this.kinds = [...new Set(devices.map((device) => device.kind))];
      const list = (kind: MediaDeviceKind) =>
        devices.filter((d) => d.kind === kind).map(({ deviceId: id, label }) => ({ id, label }));
      this.cameras = list('videoinput');
      this.microphones = list('audioinput');
      const [camera] = stream.getVideoTracks();
      const [microphone] = stream.getAudioTracks();
      this.preview = camera && new MediaStream([camera]);
      // Show the devices the browser picked as the chosen ones.
      this.chosen = {
        camera: camera?.getSettings().deviceId ?? '',
        microphone: microphone?.getSettings().deviceId ?? '',
      };
      if (microphone) this.meter(stream);
      this.status = status;
    } catch (error) {
      if (!current()) return;
      // No mediaDevices at all (an insecure page, an old in-app browser) is a failure, not a refusal.
      this.status = outcome(error);
    }
    this.host.requestUpdate();
  }

  /** Follows the permission states; when the user unblocks access in the browser meanwhile, asks again by itself. */
  private async watch(run: number): Promise<void> {
    for (const name of ['camera', 'microphone'] as const) {
      try {
        const status = await navigator.permissions.query({ name: name as PermissionName });
        if (run !== this.run) return;
        this.watched.push(status);
        this.permissions[name] = status.state;
        status.onchange = () => {
          this.permissions[name] = status.state;
          if (status.state === 'granted' && this.status === 'denied') this.restart();
          else this.host.requestUpdate();
        };
      } catch {
        // Firefox before 131 and older Safari do not know these names; the check works without them.
      }
    }
    this.host.requestUpdate();
  }

  /** The microphone level from an AnalyserNode, read once per animation frame; renders only when it changes. */
  private meter(stream: MediaStream): void {
    try {
      const audio = (this.audio = new AudioContext());
      const analyser = audio.createAnalyser();
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(samples);
        let peak = 0;
        for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
        // Half of full scale fills the bar; the bar falls slowly so that speech does not flicker.
        const level = Math.max(Math.min(100, Math.round(peak / 3.2) * 5), this.level - 5);
        if (level !== this.level) {
          this.level = level;
          this.host.requestUpdate();
        }
        this.frame = requestAnimationFrame(tick);
      };
      tick();
    } catch {
      // No Web Audio: the check works without a level.
    }
  }
}
