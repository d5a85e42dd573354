// Hostile plugin: A bundle that exports a number.
module.exports = 42;
