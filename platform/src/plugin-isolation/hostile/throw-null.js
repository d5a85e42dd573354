// Hostile plugin: Throwing null.
module.exports = {
  run() {
    throw null;
  },
};
