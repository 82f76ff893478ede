# Golden values for sequence clustering in `midia ms cluster --method sequence`
# (cli/commands/ms-cluster.ts fitSequenceClustering; models/cluster/optimal-matching.ts,
# models/cluster/hierarchical.ts, models/cluster/silhouette.ts).
# R 4.2.2, cluster 2.1.4, jsonlite 1.8.4. TraMineR is not installed here: the
# optimal-matching distance is computed by the textbook dynamic programme
# (substitution cost 2 for different states, indel 1, as TraMineR's
# seqdist(method = "OM", sm = "CONSTANT", indel = 1)).
# Tolerance in test/cli/ms-cluster.test.ts: OM distances exact, average
# silhouette widths 1e-12 relative.
# Regenerate: Rscript test/golden/om-sequences.R  (writes test/golden/om-sequences.json)
library(cluster)
library(jsonlite)
# 36 hand-built quarterly therapy sequences over 5 years, built exactly as the test builds them:
# i %% 3 == 0 untreated (one moderate quarter in some), 1 high efficacy from quarter 0 or 1,
# 2 escalation (moderate for 9-11 quarters, then high); lengths 20, 19, 18, 17 (truncated follow-up)
seqs <- lapply(0:35, function(i) {
  g <- i %% 3; r <- i %/% 3
  len <- 20 - (r %% 4); pre <- if (g == 0) 0 else r %% 2; sw <- 9 + (r %% 3)
  sapply(0:(len - 1), function(t) {
    if (g == 0) { if (r %% 3 == 0 && t == 3 + (r %% 5)) "moderate" else "untreated" }
    else if (t < pre) "untreated" else if (g == 1) "high" else if (t < sw) "moderate" else "high"
  })
})
om <- function(a, b) {
  D <- matrix(0, length(a) + 1, length(b) + 1)
  D[, 1] <- 0:length(a); D[1, ] <- 0:length(b)
  for (i in seq_along(a)) for (j in seq_along(b))
    D[i + 1, j + 1] <- min(D[i, j] + 2 * (a[i] != b[j]), D[i, j + 1] + 1, D[i + 1, j] + 1)
  D[length(a) + 1, length(b) + 1]
}
n <- length(seqs)
M <- outer(1:n, 1:n, Vectorize(function(i, j) om(seqs[[i]], seqs[[j]])))
d <- as.dist(M)
sil <- function(method) sapply(2:6, function(k) mean(silhouette(cutree(hclust(d, method), k), d)[, 3]))
write_json(list(
  r_version = R.version.string,
  cluster_version = as.character(packageVersion("cluster")),
  sequences = seqs,
  om = as.numeric(d),                       # R's dist order: pairs (1,2), (1,3), ..., (1,n), (2,3), ...
  silhouette = list(ward = sil("ward.D2"), average = sil("average")),
  cutree3 = list(ward = cutree(hclust(d, "ward.D2"), 3), average = cutree(hclust(d, "average"), 3))
), "test/golden/om-sequences.json", digits = NA, auto_unbox = TRUE)
