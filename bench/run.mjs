// `npm run bench`: builds, then runs every benchmark in bench/ and prints its figures.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
run('npm', ['run', '-s', 'build']);
console.log('\n== bundle size');
run('node', ['scripts/size.mjs']);
console.log('\n== consult server');
run('node', ['bench/server.mjs']);
console.log('\n== retention');
run('node', ['bench/retention.mjs']);
