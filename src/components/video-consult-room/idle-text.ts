import { msg } from '@lit/localize';

/** The line of a room with no visit yet: shown by the element before its flow has loaded, and by the flow. */
export const idleText = () => msg('Your video visit will appear here.');
