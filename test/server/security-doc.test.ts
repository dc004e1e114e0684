import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../support/server.js';

// docs/security.md's ticket-signing examples, run as written: the Node module (jose, ES256) is imported from a
// copy of the doc's code block, the Python function (standard library, HS256) runs in python3, and a consult
// server configured as the doc says accepts what they sign: a staff ticket opens a visit, patient tickets join it.
const doc = readFileSync('docs/security.md', 'utf8');
/** The fenced block of `lang` whose first line is `first`. */
const block = (lang: string, first: string) => {
  const found = [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))]
    .map((m) => m[1]!)
    .find((code) => code.startsWith(first));
  if (!found) throw new Error(`docs/security.md: no \`\`\`${lang} block starting with ${first}`);
  return found;
};
const nodeExample = block('js', '// consult-ticket.mjs');
const pythonExample = block('python', '# consult_ticket.py');
/** The constants the examples sign with, read from them (the server below is configured to match). */
const constant = (code: string, name: string) => new RegExp(`${name} = ['"]([^'"]+)['"]`).exec(code)![1]!;

const HS_SECRET = 'doc-example-secret-of-at-least-32-bytes!';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

type Sign = (claims: {
  userId: string;
  role: string;
  appointment?: string;
  name?: string;
}) => Promise<string>;
let signConsultTicket: Sign;
let server: Awaited<ReturnType<typeof testServer>>;
// Below node_modules (out of the work tree's sight), so that the copy still imports the project's jose.
mkdirSync(resolve('node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(resolve('node_modules/.cache/doc-check-'));

beforeAll(async () => {
  expect(constant(nodeExample, 'AUDIENCE')).toBe(constant(pythonExample, 'AUDIENCE'));
  server = await testServer({
    audience: constant(nodeExample, 'AUDIENCE'),
    issuers: [
      {
        issuer: constant(nodeExample, 'ISSUER'),
        algorithms: ['ES256'],
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      },
      { issuer: constant(pythonExample, 'ISSUER'), algorithms: ['HS256'], secret: HS_SECRET },
    ],
  });
  process.env.CONSULT_TICKET_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  writeFileSync(join(dir, 'consult-ticket.mjs'), nodeExample);
  ({ signConsultTicket } = (await import(pathToFileURL(join(dir, 'consult-ticket.mjs')).href)) as {
    signConsultTicket: Sign;
  });
  writeFileSync(join(dir, 'consult_ticket.py'), pythonExample);
});
afterAll(() => {
  delete process.env.CONSULT_TICKET_KEY;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the doc's Python function in python3 with `args` and returns the ticket it prints. */
const python = (secret: string, userId: string, role: string, appointment?: string) =>
  execFileSync(
    'python3',
    [
      '-c',
      'import sys; sys.path.insert(0, sys.argv[1]); from consult_ticket import sign_consult_ticket; ' +
        'print(sign_consult_ticket(sys.argv[2].encode(), sys.argv[3], sys.argv[4], sys.argv[5] or None))',
      dir,
      secret,
      userId,
      role,
      appointment ?? '',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();

const problemCode = async (res: Response) => ((await res.json()) as { code: string }).code;

describe('docs/security.md: signing consult tickets', () => {
  it('Node (jose, ES256): a staff ticket opens a visit, a patient ticket joins it, once', async () => {
    const staff = await signConsultTicket({ userId: 'clinic-scheduler', role: 'staff' });
    const opened = await server.openRoom(staff, { appointment: 'apt-doc-node' });
    expect(opened.status).toBe(201);

    const patient = await signConsultTicket({
      userId: 'patient-4711',
      role: 'patient',
      appointment: 'apt-doc-node',
    });
    const [header] = patient.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'ES256',
      typ: 'consult-ticket+jwt',
    });
    const joined = await server.join(patient, { appointment: 'apt-doc-node' });
    expect(joined.status).toBe(200);
    expect(((await joined.json()) as { url: string }).url).toMatch(/^https:\/\//);
    // Used once.
    const again = await server.join(patient, { appointment: 'apt-doc-node' });
    expect(again.status).toBe(401);
    expect(await problemCode(again)).toBe('ticket-replayed');
    // The example refuses to sign an unscoped patient ticket.
    await expect(signConsultTicket({ userId: 'patient-4711', role: 'patient' })).rejects.toThrow(
      'needs an appointment',
    );
  });

  it('Python (standard library, HS256): its patient ticket joins; a wrong secret is refused', async () => {
    const staff = await signConsultTicket({ userId: 'clinic-scheduler', role: 'staff' });
    expect((await server.openRoom(staff, { appointment: 'apt-doc-python' })).status).toBe(201);

    const ticket = python(HS_SECRET, 'patient-0815', 'patient', 'apt-doc-python');
    expect(ticket.split('.')).toHaveLength(3);
    const joined = await server.join(ticket, { appointment: 'apt-doc-python' });
    expect(joined.status).toBe(200);

    const forged = python(
      'another-secret-of-at-least-32-bytes!!',
      'patient-0815',
      'patient',
      'apt-doc-python',
    );
    const refused = await server.join(forged, { appointment: 'apt-doc-python' });
    expect(refused.status).toBe(401);
    expect(await problemCode(refused)).toBe('ticket-invalid');
    expect(() => python(HS_SECRET, 'patient-0815', 'patient')).toThrow(/needs an appointment/);
  });
});
