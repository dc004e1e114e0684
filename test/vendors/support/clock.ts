/** A clock the test moves by hand; starts at the real time so vendor JWT `exp` values line up with it. */
export const testClock = (start = Date.now()) => {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
};
