// Hostile plugin: process.exit() to take the host down.
module.exports = {
  run() {
    process.exit(1);
  },
};
