// Hostile plugin: Reading /etc/passwd through require('fs').
module.exports = {
  run() {
    return require('fs').readFileSync('/etc/passwd', 'utf8');
  },
};
