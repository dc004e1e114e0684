// `<call-join-button>`'s join (`ButtonJoinController`: the state table, retry, room follower, the hand-over), which
// only the button needs: in the script tag's build chunks/button.js, loaded with the network side it uses
// (join-client.ts, chunks/client.js, which the room's steps and the picker share) by join-loader.ts, so that a page
// with a picker alone never downloads it.
import { ButtonJoinController } from '../../controllers/button-join-controller.js';

// Re-exported from here, not with `export … from`: the manifest then names only this module.
export { ButtonJoinController };
