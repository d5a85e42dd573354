// Hostile plugin: A declared host redirecting to an undeclared one, the plugin following the redirect.
module.exports = {
  async run(args, ctx) {
    const first = await ctx.fetch(args.url + '/redirect');
    if (first.status >= 300 && first.status < 400) {
      const second = await ctx.fetch('http://exfiltrate.example/landing');
      return second.status;
    }
    return first.status;
  },
};
