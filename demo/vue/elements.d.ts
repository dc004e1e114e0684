// Vue's GlobalComponents for the elements (props, `@vc-*` events), generated from custom-elements.json.
import type {} from 'video-consult-elements/vue';
