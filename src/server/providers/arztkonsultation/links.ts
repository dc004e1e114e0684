/**
 * Join links as the doc builds them. The ids go through `encodeURIComponent` and the query through
 * `URLSearchParams`; in particular the base64 scoped token is percent-encoded (the doc pastes it raw, but
 * a raw `+` in a query string reads as a space to most parsers).
 */

const videoUrl = (host: string, segment: string): URL =>
  new URL(`/video/${encodeURIComponent(segment)}`, `https://${host}`);

/** Patient (TAN user): `/video/{callId}?tan=…`, or `/video/login?tan=…` with the waiting area. */
export const patientLink = (
  host: string,
  waitingArea: boolean,
  callId: number | string,
  tan: string,
): URL => {
  const url = videoUrl(host, waitingArea ? 'login' : String(callId));
  url.searchParams.set('tan', tan);
  return url;
};

/** Clinician (ak user): `/video/{callId}?tid=` + base64(scoped token). */
export const clinicianLink = (host: string, callId: number | string, scopedToken: string): URL => {
  const url = videoUrl(host, String(callId));
  url.searchParams.set('tid', Buffer.from(scopedToken, 'utf8').toString('base64'));
  return url;
};
