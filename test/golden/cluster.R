# Golden fixture for models/cluster (gaussian-mixture, pam, silhouette, adjusted-rand).
# R 4.2.2, mclust 6.0.0, cluster 2.1.4, jsonlite.
# Regenerate (from the repo root): Rscript test/golden/cluster.R
#   writes test/golden/cluster-data.csv (the seeded well-separated 2-D data set) and test/golden/cluster.json.
# Tolerances used by test/models/cluster/golden.test.ts:
#   Mclust: same chosen (model, G); loglik of the chosen fit to 1e-4 absolute (after refitting the
#   chosen mclust solution with emControl(tol = 1e-12) so both sides sit at the same optimum);
#   BIC table cells for G = 1 and G = 3 to 1e-6 relative (G = 2 and 4 have several EM optima on these
#   3-cluster data and depend on the start, so they are recorded but not compared).
#   hclust (average, ward.D2) on the 38-row subset: heights to 1e-10 relative, same merge matrix and cutree(, 4).
#   pam: same medoids (1-based here) and objective to 1e-10 relative; silhouette widths to 1e-10 absolute.
suppressPackageStartupMessages({ library(mclust); library(cluster); library(jsonlite) })
set.seed(20261128)
n1 <- 60; n2 <- 50; n3 <- 40
x1 <- cbind(rnorm(n1, 0, 1), rnorm(n1, 0, 0.5))
z2 <- rnorm(n2); x2 <- cbind(8 + 1.2 * z2, 8 + 0.9 * z2 + 0.5 * rnorm(n2))
x3 <- cbind(rnorm(n3, -6, 0.4), rnorm(n3, 9, 0.4))
x <- round(rbind(x1, x2, x3), 6)
truth <- rep(1:3, c(n1, n2, n3))
write.csv(data.frame(x1 = x[, 1], x2 = x[, 2], truth = truth), "test/golden/cluster-data.csv", row.names = FALSE)

models <- c("VVV", "VVI", "VII")
fit <- Mclust(x, G = 1:4, modelNames = models, verbose = FALSE)
bic <- fit$BIC
table <- list()
for (g in 1:4) for (m in models) {
  table[[length(table) + 1]] <- list(G = g, model = m, bic = unname(bic[as.character(g), m]))
}
refit <- em(data = x, modelName = fit$modelName, parameters = fit$parameters, control = emControl(tol = c(1e-12, sqrt(.Machine$double.eps))))
icl <- icl(fit)

d <- dist(x)
p <- pam(d, k = 3)
sil <- silhouette(p$clustering, d)  # original object order (silhouette(p) is sorted)
# A second PAM on a 40-object subset with k = 4 (less separated), to test BUILD/SWAP beyond the obvious.
sub <- x[seq(1, 150, by = 4)[1:38], ]
p4 <- pam(dist(sub), k = 4)

ha <- hclust(dist(sub), method = "average")
hw <- hclust(dist(sub), method = "ward.D2")

out <- list(
  mclust = list(
    call = "Mclust(x, G = 1:4, modelNames = c('VVV','VVI','VII'))",
    table = table, model = fit$modelName, G = fit$G, loglik = fit$loglik,
    loglikRefit = refit$loglik, bic = fit$bic, icl = icl,
    ari = adjustedRandIndex(fit$classification, truth)
  ),
  pam = list(call = "pam(dist(x), k = 3)", medoids = unname(p$id.med), objective = unname(p$objective),
             clustering = unname(p$clustering)),
  silhouette = list(call = "silhouette(pam(dist(x), k = 3)$clustering, dist(x))", widths = unname(sil[, "sil_width"]),
                    average = summary(sil)$avg.width),
  pam4 = list(call = "pam(dist(x[seq(1, 150, by = 4)[1:38], ]), k = 4)", rows = seq(1, 150, by = 4)[1:38],
              medoids = unname(p4$id.med), objective = unname(p4$objective), clustering = unname(p4$clustering)),
  hclust = list(
    average = list(call = "hclust(dist(subset), 'average')", merge = ha$merge, height = ha$height, cut4 = unname(cutree(ha, 4))),
    ward = list(call = "hclust(dist(subset), 'ward.D2')", merge = hw$merge, height = hw$height, cut4 = unname(cutree(hw, 4)))
  )
)
write_json(out, "test/golden/cluster.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
