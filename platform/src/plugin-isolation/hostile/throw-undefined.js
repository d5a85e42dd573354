// Hostile plugin: Throwing undefined.
module.exports = {
  run() {
    throw undefined;
  },
};
