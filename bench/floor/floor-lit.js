// The same three elements as floor.js without @lit/localize (English only): the difference is what the
// localization runtime costs.
import { defineThree } from './floor-base.js';

defineThree((name) => `Join ${name}`);
