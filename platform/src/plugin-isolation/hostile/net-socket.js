// Hostile plugin: A raw TCP socket through require('net').
module.exports = {
  run() {
    const socket = require('net').connect(5432, '127.0.0.1');
    return typeof socket;
  },
};
