// The engine suite's documented-wording pass: error messages worded as the API reference words them.
process.env.TWELVELABS_SIM_PROFILE = 'documented';
