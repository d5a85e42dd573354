// Hostile plugin: Scheduling timers without bound.
module.exports = {
  run() {
    for (;;) setTimeout(() => {}, 0);
  },
};
