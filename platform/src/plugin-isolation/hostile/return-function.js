// Hostile plugin: A result that is a function.
module.exports = {
  run() {
    return () => 'callable from the host?';
  },
};
