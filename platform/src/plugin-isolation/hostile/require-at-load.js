// Hostile plugin: require() of a host module at load time.
const fs = require('fs');
module.exports = { run: () => fs.readFileSync('/etc/passwd', 'utf8') };
