// What `<call-join-button>` loads to join (join-loader.ts): its network side (join-client.ts, chunks/client.js in the
// script tag's build, which the room's steps and the picker share) and the join itself (`ButtonJoinController`: the
// state table, retry, room follower), which only the button needs: chunks/button.js, so that a page with a picker
// alone never downloads it.
export * from './join-client.js';
export { ButtonJoinController } from '../../controllers/button-join-controller.js';
