// Hostile plugin: Throwing a number.
module.exports = {
  run() {
    throw 42;
  },
};
