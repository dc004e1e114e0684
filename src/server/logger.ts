import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/**
 * Structured JSON logs. Redaction is a second line of defence: the code never passes tokens, join URLs
 * or personal data to the logger in the first place.
 */
export const createLogger = (level: string, destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'video-consult-server' },
      redact: {
        paths: ['req.headers.authorization', '*.authorization', '*.token', '*.url', '*.ticket', '*.secret'],
        censor: '[redacted]',
      },
    },
    destination,
  );
