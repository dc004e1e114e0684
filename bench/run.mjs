// `npm run bench`: builds, then runs every benchmark in bench/ and prints its figures.
// `npm run bench -- frame` (or `-- frame-profile` (only when named), `-- server`, `-- size`, `-- retention`, `-- slots`, `-- booking`, `-- pg`, `-- picker`, `-- bytes`,
// `-- install`) runs only the ones named.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
run('npm', ['run', '-s', 'build']);
if (wanted('size')) {
  console.log('\n== bundle size');
  run('node', ['scripts/size.mjs']);
}
if (wanted('server')) {
  console.log('\n== consult server');
  run('node', ['bench/server.mjs']);
}
if (wanted('frame')) {
  console.log('\n== click -> frame src (Chromium)');
  run('node', ['bench/frame.mjs']);
}
if (only.includes('frame-profile')) {
  console.log('\n== join answer -> frame src, by step (Chromium)');
  run('node', ['bench/frame-profile.mjs']);
}
if (wanted('booking')) {
  console.log('\n== booking');
  run('node', ['bench/booking.mjs']);
}
if (wanted('retention')) {
  console.log('\n== retention');
  run('node', ['bench/retention.mjs']);
}
if (wanted('slots')) {
  console.log('\n== slots');
  run('node', ['bench/slots.mjs']);
}
if (wanted('pg')) {
  console.log('\n== several instances: SQLite beside PostgreSQL (1 and 3 processes)');
  run('node', ['bench/pg.mjs']);
}
if (wanted('picker')) {
  console.log('\n== <appointment-picker> render (Chromium)');
  run('node', ['bench/picker.mjs']);
}
if (wanted('bytes')) {
  console.log('\n== bundle bytes beside Whereby, Cal.com and Daily');
  run('node', ['bench/bytes.mjs']);
}
if (wanted('install')) {
  console.log('\n== install size of the two packages');
  run('node', ['bench/install.mjs']);
}
