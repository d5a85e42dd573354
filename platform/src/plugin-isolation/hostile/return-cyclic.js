// Hostile plugin: A cyclic result.
module.exports = {
  run() {
    const value = { name: 'loop' };
    value.self = value;
    return value;
  },
};
