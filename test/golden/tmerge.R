# Golden fixtures for tmerge (models/survival/counting-process/tmerge.ts) and time-dependent
# Cox models on its rows.
#
# R 4.2.2, survival 3.5-3, jsonlite. Regenerate from the repository root with:
#   Rscript test/golden/tmerge.R      (writes test/golden/tmerge.json)
# Cases:
#   pbc        the vignette "Using time dependent covariates" (section on pbc):
#              tmerge(temp, temp, id, death = event(time, status)), then five
#              tdc() of pbcseq; coxph on the result;
#   cgd        the vignette's cgd0 example: tstop = futime, infect = event(etime1..7),
#              enum = cumtdc(tstart); coxph with cluster(id);
#   edge       hand-made records early, late, in a gap, within, on a boundary,
#              leading, trailing, tied, with missing values and unknown ids, for
#              tdc (numbers, texts, no value, update), cumtdc, event, cumevent,
#              with the options tdcstart, na.rm = FALSE and delay;
#   survsplit  survSplit() of the cgd rows at 100, 200, 300 (models/survival/counting-process/split-at-times.ts);
#   synthetic  a seeded marker data set (set.seed(20261208)): 300 subjects,
#              a marker about every 90 days (some before time 0, after the end,
#              tied or missing), a stage text, infections counted; coxph.
# Each case stores the inputs in the form of the TypeScript API (base: id,
# tstart, tstop; calls: options and ops {name, kind, id, time, value, init}),
# the rows R returns (id, tstart, tstop, variables) and attr(, "tcount").
# Tolerances used by test/models/survival/counting-process/tmerge-golden.test.ts: rows, times
# and values exactly (they are copies of inputs and sums of small integers);
# Cox coefficients, standard errors and log-likelihoods 1e-8 relative.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
stopifnot(packageVersion("survival") == "3.5.3")

arr <- function(x) I(x)
op <- function(name, kind, id, time, value = NULL, init = NULL) {
  o <- list(name = name, kind = kind, id = arr(id), time = arr(time))
  if (!is.null(value)) o$value <- arr(value)
  if (!is.null(init)) o$init <- init
  o
}
call_ <- function(ops, options = NULL) {
  c(list(ops = ops), if (is.null(options)) list() else list(options = options))
}
# Applies one op with tmerge(d, data2, id = id, NAME = KIND(time, value, init), options)
apply_op <- function(d, o, options) {
  data2 <- data.frame(id = unclass(o$id), time = unclass(o$time), stringsAsFactors = FALSE)
  args <- list(quote(time))
  if (!is.null(o$value)) {
    data2$value <- unclass(o$value)
    args$value <- quote(value)
  }
  if (!is.null(o$init)) args$init <- o$init
  cl <- list(d, data2, id = quote(id))
  cl[[o$name]] <- as.call(c(as.name(o$kind), args))
  if (!is.null(options)) {
    ro <- list()
    if (!is.null(options$naRm)) ro$na.rm <- options$naRm
    if (!is.null(options$tdcstart)) ro$tdcstart <- options$tdcstart
    if (!is.null(options$delay)) ro$delay <- options$delay
    cl$options <- ro
  }
  do.call(tmerge, cl)
}
base_data <- function(id, tstart, tstop) {
  data1 <- data.frame(id = unique(id), one = 1)   # two columns: data1[rows, ] stays a data frame
  data2 <- data.frame(id = id, a = tstart, b = tstop)
  tmerge(data1, data2, id = id, tstart = a, tstop = b)
}
rows_out <- function(d, vars) {
  cols <- lapply(vars, function(v) arr(d[[v]]))
  names(cols) <- vars
  list(id = arr(d$id), tstart = arr(d$tstart), tstop = arr(d$tstop), columns = cols,
       tcount = lapply(seq_len(nrow(attr(d, "tcount"))), function(i) {
         r <- attr(d, "tcount")[i, ]
         c(list(name = rownames(attr(d, "tcount"))[i]), as.list(r))
       }))
}
cox_out <- function(fit, call) {
  out <- list(call = call, coef = arr(unname(coef(fit))), names = arr(names(coef(fit))),
              se = arr(unname(sqrt(diag(if (is.null(fit$naive.var)) fit$var else fit$naive.var)))),
              loglik = arr(fit$loglik), n = fit$n, nevent = fit$nevent, iter = fit$iter)
  if (!is.null(fit$naive.var)) out$robustSe <- arr(unname(sqrt(diag(fit$var))))
  out
}

cases <- list()

## pbc: the vignette, verbatim
temp <- subset(pbc, id <= 312, select = c(id:sex, stage))
pbc2 <- tmerge(temp, temp, id = id, death = event(time, status))
pbc2 <- tmerge(pbc2, pbcseq, id = id, ascites = tdc(day, ascites), bili = tdc(day, bili),
               albumin = tdc(day, albumin), protime = tdc(day, protime), alk.phos = tdc(day, alk.phos))
fit_pbc <- coxph(Surv(tstart, tstop, death == 2) ~ log(bili) + log(protime), pbc2)
fit_pbc2 <- coxph(Surv(tstart, tstop, death == 2) ~ age + log(bili) + log(protime) + albumin + ascites, pbc2)
seqops <- lapply(c("ascites", "bili", "albumin", "protime", "alk.phos"), function(v) op(v, "tdc", pbcseq$id, pbcseq$day, pbcseq[[v]]))
cases$pbc <- list(
  base = list(id = arr(temp$id), tstop = arr(temp$time)),
  baseColumns = list(age = arr(temp$age)),
  calls = list(call_(list(op("death", "event", temp$id, temp$time, temp$status))), call_(seqops)),
  expected = rows_out(pbc2, c("death", "ascites", "bili", "albumin", "protime", "alk.phos")),
  cox = list(
    cox_out(fit_pbc, "coxph(Surv(tstart, tstop, death == 2) ~ log(bili) + log(protime), pbc2)"),
    cox_out(fit_pbc2, "coxph(Surv(tstart, tstop, death == 2) ~ age + log(bili) + log(protime) + albumin + ascites, pbc2)")))

## cgd: the vignette, verbatim
newcgd <- tmerge(data1 = cgd0[, 1:13], data2 = cgd0, id = id, tstop = futime)
cgdcalls <- list()
for (j in 1:7) {
  et <- cgd0[[paste0("etime", j)]]
  newcgd <- eval(substitute(tmerge(newcgd, cgd0, id = id, infect = event(E)), list(E = as.name(paste0("etime", j)))))
  cgdcalls[[j]] <- call_(list(op("infect", "event", cgd0$id, et)))
}
enum_op <- op("enum", "cumtdc", newcgd$id, newcgd$tstart)
newcgd <- tmerge(newcgd, newcgd, id, enum = cumtdc(tstart))
cgdcalls[[8]] <- call_(list(enum_op))
fit_cgd <- coxph(Surv(tstart, tstop, infect) ~ treat + inherit + steroids + cluster(id), newcgd)
cases$cgd <- list(
  base = list(id = arr(cgd0$id), tstop = arr(cgd0$futime)),
  baseColumns = list(treat = arr(cgd0$treat), inherit = arr(cgd0$inherit), steroids = arr(cgd0$steroids)),
  calls = cgdcalls,
  expected = rows_out(newcgd, c("infect", "enum")),
  cox = list(cox_out(fit_cgd, "coxph(Surv(tstart, tstop, infect) ~ treat + inherit + steroids + cluster(id), newcgd)")))

## edge: every place a record can fall, ties, missing values, options
eb <- list(id = c(1, 1, 2, 3, 4), tstart = c(0, 7, 2, 0, -5), tstop = c(5, 10, 8, 4, 5))
x_id <- c(1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 99, 4, 4)
x_t <- c(-1, 3, 5, 6, 7, 9, 9, 12, 2, 2, 8, 1, 1, NA, 0)
x_v <- c(10, 11, 12, 13, 14, 15, 16, 17, 20, 21, 22, NA, 99, 40, 41)
s_v <- c("a", "b", "c", "d", "e", "f", "g", "h", "p", "q", "r", NA, "z", "u", "v")
ecalls <- list(
  call_(list(op("x", "tdc", x_id, x_t, x_v))),
  call_(list(op("on", "tdc", c(1, 2, 2, 4), c(8, 5, 9, -6)))),
  call_(list(op("s", "tdc", x_id, x_t, s_v, init = "none"))),
  call_(list(op("x0", "tdc", x_id, x_t, x_v)), list(tdcstart = 0)),
  call_(list(op("xna", "tdc", x_id, x_t, x_v, init = -1)), list(naRm = FALSE)),
  call_(list(op("xd", "tdc", x_id, x_t, x_v)), list(delay = 2)),
  call_(list(op("x", "tdc", c(1, 2), c(8.5, 3), c(100, 200)))),
  call_(list(op("n", "cumtdc", x_id, x_t))),
  call_(list(op("cs", "cumtdc", x_id, x_t, x_v, init = 1000))),
  call_(list(op("csna", "cumtdc", x_id, x_t, x_v))),
  call_(list(op("ev", "event", x_id, x_t, x_v))),
  call_(list(op("ev", "event", c(2, 3), c(4, 2), c(7, 8)))),
  call_(list(op("ce", "cumevent", x_id, x_t, c(1, 1, 1, 0, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1)))),
  call_(list(op("evs", "event", c(1, 1, 2), c(4, 10, 8), c("r", "d", "d"))))
)
ed <- base_data(eb$id, eb$tstart, eb$tstop)
for (cl in ecalls) for (o in cl$ops) ed <- apply_op(ed, o, cl$options)
cases$edge <- list(base = list(id = arr(eb$id), tstart = arr(eb$tstart), tstop = arr(eb$tstop)), calls = ecalls,
                   expected = rows_out(ed, c("x", "on", "s", "x0", "xna", "xd", "n", "cs", "csna", "ev", "ce", "evs")))

## synthetic: seeded markers with a known effect on the hazard
set.seed(20261208)
ns <- 300
sid <- sprintf("S%03d", seq_len(ns))
grp <- rbinom(ns, 1, 0.5)
cens <- round(runif(ns, 400, 2500))
mk_id <- c(); mk_t <- c(); mk_v <- c(); st_v <- c()
ev_time <- numeric(ns); ev_status <- integer(ns)
inf_id <- c(); inf_t <- c()
for (i in seq_len(ns)) {
  visits <- c(-round(runif(1, 0, 60)), cumsum(round(runif(30, 60, 120))))
  m <- cumsum(c(rnorm(1, 1, 0.5), rnorm(30, 0.02, 0.25)))
  # event: piecewise-constant hazard 4e-4 * exp(0.8 * marker + 0.5 * grp) from each visit on
  t_end <- NA
  for (k in seq_along(visits)) {
    a <- max(0, visits[k]); b <- if (k < length(visits)) visits[k + 1] else Inf
    if (b <= 0) next
    w <- rexp(1, 4e-4 * exp(0.8 * m[k] + 0.5 * grp[i]))
    if (a + w < b) { t_end <- ceiling(a + w); break }
  }
  if (!is.na(t_end) && t_end <= cens[i]) { ev_time[i] <- t_end; ev_status[i] <- 1L } else { ev_time[i] <- cens[i]; ev_status[i] <- 0L }
  keep <- visits <= ev_time[i] + 200              # some markers after the end (late)
  v <- round(m[keep], 3); tt <- visits[keep]
  if (runif(1) < 0.1) { tt <- c(tt, tt[2]); v <- c(v, round(v[2] + 0.1, 3)) }   # a tie
  if (runif(1) < 0.1) v[length(v)] <- NA                                      # a missing value
  mk_id <- c(mk_id, rep(sid[i], length(tt))); mk_t <- c(mk_t, tt); mk_v <- c(mk_v, v)
  st_v <- c(st_v, ifelse(is.na(v), NA, ifelse(v > 1.5, "high", "low")))
  ni <- rpois(1, 2)
  if (ni > 0) { inf_id <- c(inf_id, rep(sid[i], ni)); inf_t <- c(inf_t, sort(round(runif(ni, -100, ev_time[i] + 50)))) }
}
sb <- data.frame(id = sid, grp = grp, futime = ev_time, status = ev_status, stringsAsFactors = FALSE)
syn <- tmerge(sb, sb, id = id, event = event(futime, status))
md <- data.frame(id = mk_id, day = mk_t, marker = mk_v, stage = st_v, stringsAsFactors = FALSE)
syn <- tmerge(syn, md, id = id, marker = tdc(day, marker), stage = tdc(day, stage))
inf <- data.frame(id = inf_id, day = inf_t, stringsAsFactors = FALSE)
syn <- tmerge(syn, inf, id = id, infections = cumtdc(day))
fit_syn <- coxph(Surv(tstart, tstop, event) ~ marker + grp, syn)
fit_syn2 <- coxph(Surv(tstart, tstop, event) ~ marker + grp + stage + infections, syn)
cases$synthetic <- list(
  base = list(id = arr(sid), tstop = arr(ev_time)),
  baseColumns = list(grp = arr(grp)),
  calls = list(call_(list(op("event", "event", sid, ev_time, ev_status))),
               call_(list(op("marker", "tdc", mk_id, mk_t, mk_v), op("stage", "tdc", mk_id, mk_t, st_v))),
               call_(list(op("infections", "cumtdc", inf_id, inf_t)))),
  expected = rows_out(syn, c("event", "marker", "stage", "infections")),
  cox = list(cox_out(fit_syn, "coxph(Surv(tstart, tstop, event) ~ marker + grp, syn)"),
             cox_out(fit_syn2, "coxph(Surv(tstart, tstop, event) ~ marker + grp + stage + infections, syn)")))

## survSplit of the cgd rows at common cuts (models/survival/counting-process/split-at-times.ts)
sp <- survSplit(Surv(tstart, tstop, infect) ~ ., data = as.data.frame(newcgd)[, c("id", "tstart", "tstop", "infect", "enum")],
                cut = c(100, 200, 300), episode = "ep")
survsplit <- list(call = 'survSplit(Surv(tstart, tstop, infect) ~ ., newcgd[, c("id", "tstart", "tstop", "infect", "enum")], cut = c(100, 200, 300), episode = "ep")',
                  cut = arr(c(100, 200, 300)),
                  input = list(id = arr(newcgd$id), tstart = arr(newcgd$tstart), tstop = arr(newcgd$tstop), infect = arr(newcgd$infect), enum = arr(newcgd$enum)),
                  expected = list(id = arr(sp$id), tstart = arr(sp$tstart), tstop = arr(sp$tstop), infect = arr(sp$infect), enum = arr(sp$enum), ep = arr(sp$ep)))

write_json(list(generated = "Rscript test/golden/tmerge.R", R = R.version.string,
                survival = as.character(packageVersion("survival")), cases = cases, survsplit = survsplit),
           "test/golden/tmerge.json", digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE)
