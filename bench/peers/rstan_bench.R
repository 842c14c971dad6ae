# rstan peer of bench/cases/inference.ts: compiles (cached) and samples one Stan program with NUTS,
# 4 chains x (1000 warm-up + 1000 draws), and prints one JSON line: compile seconds, sampler seconds
# (get_elapsed_time, warm-up + sampling, summed over chains), the minimum bulk ESS over the
# parameters, their posterior means and MCSEs (monitor's se_mean), and the leapfrog steps.
# Usage: Rscript rstan_bench.R <model.stan> <data.R (an R dump)> <chains> <warmup> <samples> <seed>
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(rstan))
rstan_options(auto_write = TRUE)
stan_file <- args[1]
env <- new.env(); source(args[2], local = env); data <- as.list(env)
chains <- as.integer(args[3]); warmup <- as.integer(args[4]); samples <- as.integer(args[5]); seed <- as.integer(args[6])
t0 <- Sys.time()
m <- stan_model(stan_file)
compile_s <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
fit <- sampling(m, data = data, chains = chains, warmup = warmup, iter = warmup + samples, seed = seed, refresh = 0, cores = 1)
elapsed <- get_elapsed_time(fit)
a <- as.array(fit)
pars <- setdiff(dimnames(a)[[3]], "lp__")
ess <- sapply(pars, function(p) ess_bulk(a[, , p]))
sp <- get_sampler_params(fit, inc_warmup = TRUE)
leapfrog <- sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"])))
div <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE), function(s) sum(s[, "divergent__"])))
means <- sapply(pars, function(p) mean(a[, , p]))
mon <- suppressWarnings(monitor(a, warmup = 0, print = FALSE))
mcse <- sapply(pars, function(p) mon[p, "se_mean"])
num <- function(x) format(x, digits = 15)
cat(sprintf('{"compile_s":%s,"sampler_s":%s,"min_ess_bulk":%s,"leapfrog":%s,"divergences":%s,"means":{%s},"mcse":{%s}}\n', num(compile_s), num(sum(elapsed)), num(min(ess)), num(leapfrog), num(div),
  paste(sprintf('"%s":%s', names(means), num(means)), collapse = ","), paste(sprintf('"%s":%s', names(mcse), num(mcse)), collapse = ",")))
