/**
 * The longest range `GET /v1/slots` answers, in days. Its own module (no valibot) so that the browser's picker
 * asks for no more than the server answers without loading the server's schemas.
 */
export const MAX_SLOT_RANGE_DAYS = 62;
