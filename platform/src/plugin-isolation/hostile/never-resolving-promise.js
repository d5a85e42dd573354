// Hostile plugin: A call that returns a promise that never settles (idle, no CPU).
module.exports = {
  run() {
    return new Promise(() => {});
  },
};
