// Hostile plugin: A synchronous infinite loop in a call.
module.exports = {
  run() {
    for (;;) {
      /* spin */
    }
  },
};
