// Hostile plugin: A bundle that does not parse.
module.exports = { run() { return ; } ;
