// React 19 typings of the elements (props, `onvc-*` events), generated from custom-elements.json.
import type {} from 'video-consult-elements/react';
