// Hostile plugin: process.kill() of the parent process.
module.exports = {
  run() {
    process.kill(process.ppid, 'SIGKILL');
  },
};
