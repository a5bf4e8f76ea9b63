#pragma once
// The sub-commands of hypera_dist. Each takes the arguments after its name and returns the process exit
// code: 0 success, 2 bad input (hypera::InputError, printed by main as one line), 1 a failure at run time.
#include <string>
#include <vector>

namespace hypera::app {

using Arguments = std::vector<std::string>;

int run_train(const Arguments& arguments);
int run_prepare(const Arguments& arguments);
int run_infer(const Arguments& arguments);
int run_eval(const Arguments& arguments);
int run_refine_train(const Arguments& arguments);
int run_refine(const Arguments& arguments);
int run_compare(const Arguments& arguments);
int run_meta_train(const Arguments& arguments);
int run_example_data(const Arguments& arguments);

}  // namespace hypera::app
