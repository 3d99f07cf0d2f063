// A transfer plan compared with picking one by one, in plain words: how many more people it places, else
// how much better the fit is, else that both come to the same.
export function comparedWords(t, plan) {
  const pairs = plan.pair_count ?? plan.pairs?.length ?? 0
  const more = pairs - (plan.greedy_pairs ?? 0)
  if (more > 0) return t('matching.morePlaced', { n: more })
  if (plan.gain_over_greedy > 0) return t('matching.betterFit', { v: plan.gain_over_greedy })
  return t('matching.sameAsOneByOne')
}
