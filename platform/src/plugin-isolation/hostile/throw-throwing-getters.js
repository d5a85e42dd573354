// Hostile plugin: Throwing an object whose name and message getters throw.
module.exports = {
  run() {
    throw {
      get name() {
        throw new Error('no name');
      },
      get message() {
        throw new Error('no message');
      },
    };
  },
};
