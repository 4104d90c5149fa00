"""Names and legend labels of the optimisers run on the textbook surfaces (`paths`) and of
the ways out of a saddle (`escape`).

Apart from the torch code that runs them, so that the jobs that only draw their results
need not import torch.
"""

OPTIMIZERS = ("gd", "momentum", "nesterov", "adam", "rmsprop", "noisy_gd")
OPTIMIZER_LABELS = {"gd": "GD", "momentum": "momentum", "nesterov": "Nesterov", "adam": "Adam",
                    "rmsprop": "RMSprop", "noisy_gd": "noisy GD"}

ESCAPES = ("gd", "eigenvector", "random")  # plain GD, and its two ways out of a stall
ESCAPE_LABELS = {"gd": "GD alone", "eigenvector": "step along $v_{min}$",
                 "random": "random perturbation"}
