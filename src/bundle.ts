// Entry of the script tag's first file (`<script src="video-consult.js">`): Lit, the join button and the room's
// element, at once. The room's steps, the picker and each language are ES modules beside it, imported on demand
// (vite.config.ts, scripts/vite-script-chunks.mjs).
//
// The chunk loader first: it reads `document.currentScript`, and an element upgraded by its `define` below (one
// already on the page) asks for its language at once. It is also what the chunks' rewritten `import()`s call.
export { importChunk as __importChunk } from './internal/chunk-loader.js';
import './components/call-join-button/define.js';
import './components/video-consult-room/define.js';
import { defineWhenPresent } from './internal/define-when-present.js';
import { fetchJoinClientBeside } from './components/call-join-button/join-loader.js';
// In the script tag's build vite.config.ts puts locale-loaders-script.ts in this module's place.
import { loadPickerStrings } from './internal/locale-loaders.js';
import { startLocalization } from './internal/localization.js';

// Before any chunk loads: the chunks take the shared `msg` as it is when they run.
startLocalization();

// The picker's strings of the page's language first (they are a file of their own): its first render has them.
// The network code the picker imports (chunks/client.js) is asked for beside them.
defineWhenPresent('appointment-picker', () => {
  fetchJoinClientBeside();
  // Awaited, not returned: with its namespace unused Rolldown builds none (the picker's chunk exports more, to its
  // booking steps), and so needs no runtime helper beside it, which would be a file of its own.
  return loadPickerStrings().then(async () => {
    await import('./components/appointment-picker/define.js');
  });
});
