// Hostile plugin: Throwing an object whose message getter never returns.
module.exports = {
  run() {
    throw {
      name: 'Trap',
      get message() {
        for (;;) {
          /* spin */
        }
      },
    };
  },
};
