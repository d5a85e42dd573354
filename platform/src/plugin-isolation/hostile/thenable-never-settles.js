// Hostile plugin: Returning a thenable that never calls back.
module.exports = {
  run() {
    return { then() {} };
  },
};
