import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { problemType } from '../protocol/errors.js';
import { PROBLEM_CONTENT_TYPE } from '../protocol/problem.js';

const headersTooLarge = (): string => {
  const body = JSON.stringify({
    type: problemType('headers-too-large'),
    title: 'Request header fields too large',
    status: 431,
    code: 'headers-too-large',
    detail: 'The request headers are too large.',
  });
  return [
    'HTTP/1.1 431 Request Header Fields Too Large',
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
};

/**
 * Errors Node's HTTP parser raises before the app sees a request. Node's `maxHeaderSize` (16 KB by
 * default, `--max-http-header-size`) is enforced here, not in the app, and Node would answer a bare
 * 431 status line: answer it as problem+json like every other error. The rest is Node's own default
 * (a listener replaces it): 408 for a request timeout, 400 otherwise, nothing on a reset socket.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: write only when no response to this socket has begun (`_httpMessage` is Node's
    // in-flight response; its headers may already be on the wire).
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      socket.write(
        error.code === 'HPE_HEADER_OVERFLOW'
          ? headersTooLarge()
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'
            : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
      );
    }
    socket.destroy(error);
  });
}
