// Hostile plugin: Throwing a string.
module.exports = {
  run() {
    throw 'boom';
  },
};
