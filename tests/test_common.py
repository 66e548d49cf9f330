"""scikit-learn's estimator checks on every sksynth estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sksynth import (
    IndependentGenerator,
    RNNGenerator,
    SequenceGenerator,
    SymbolicDiscretizer,
    TransformerGenerator,
    WaveNetGenerator,
)

TINY = dict(max_epochs=1, batch_size=64, random_state=0)
ESTIMATORS = [
    SymbolicDiscretizer(n_bins=5, random_state=0),
    IndependentGenerator(),
    SequenceGenerator("rnn", module_params=dict(hidden_size=8, embedding_dim=4), **TINY),
    RNNGenerator(hidden_size=8, embedding_dim=4, **TINY),
    TransformerGenerator(embedding_dim=8, n_layers=1, n_heads=2, **TINY),
    WaveNetGenerator(embedding_dim=4, hidden_size=8, **TINY),
]

# Checks that cannot apply, with the reason.
DISCRETIZER_EXPECTED = {
    "check_estimators_nan_inf": "NaN is a value with a symbol of its own, not an error",
}
# Generators learn symbol codes (non-negative integers); the checks feed real-valued data.
GENERATOR_EXPECTED = {
    "check_estimators_dtypes": "codes must be integers; the check feeds floats",
    "check_fit_score_takes_y": "fit on float data, which codes must not be",
    "check_dtype_object": "codes must be integers",
    "check_pipeline_consistency": "fit on float data, which codes must not be",
    "check_estimators_pickle": "fit on float data, which codes must not be",
    "check_estimators_overwrite_params": "fit on float data, which codes must not be",
    "check_dict_unchanged": "fit on float data, which codes must not be",
    "check_fit_idempotent": "fit on float data, which codes must not be",
    "check_fit_check_is_fitted": "fit on float data, which codes must not be",
    "check_n_features_in": "fit on float data, which codes must not be",
    "check_methods_subset_invariance": "fit on float data, which codes must not be",
    "check_methods_sample_order_invariance": "fit on float data, which codes must not be",
    "check_fit2d_1sample": "fit on float data, which codes must not be",
    "check_fit2d_1feature": "fit on float data, which codes must not be",
    "check_readonly_memmap_input": "fit on float data, which codes must not be",
    "check_estimators_fit_returns_self": "fit on float data, which codes must not be",
    "check_positive_only_tag_during_fit": "fit on float data, which codes must not be",
    "check_n_features_in_after_fitting": "fit on float data, which codes must not be",
    "check_f_contiguous_array_estimator": "fit on float data, which codes must not be",
    "check_dont_overwrite_parameters": "fit on float data, which codes must not be",
    "check_estimators_nan_inf": "fit on float data, which codes must not be",
    "check_fit2d_predict1d": "fit on float data, which codes must not be",
}


def expected_failed_checks(estimator):
    if isinstance(estimator, SymbolicDiscretizer):
        return DISCRETIZER_EXPECTED
    return GENERATOR_EXPECTED


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)
