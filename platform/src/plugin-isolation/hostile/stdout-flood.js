// Hostile plugin: Flooding console.log and ctx.log.
module.exports = {
  run(args, ctx) {
    for (let i = 0; i < 1000; i++) {
      console.log('x'.repeat(1000));
      ctx.log('line', i, 'y'.repeat(5000));
    }
    return 'flooded';
  },
};
