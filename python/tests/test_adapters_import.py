"""The engine adapters import without their engines (the engines themselves: tests/engines)."""
import importlib.util

import pytest

import htmlsieve


def test_spark_and_ray_modules_import_without_the_engines():
    import htmlsieve.ray
    import htmlsieve.spark

    assert callable(htmlsieve.spark.extract_column) and callable(htmlsieve.ray.HtmlSieveBatches)


@pytest.mark.skipif(importlib.util.find_spec("datatrove") is not None, reason="datatrove is installed")
def test_datatrove_adapter_says_what_to_install():
    with pytest.raises(ImportError) as err:
        import htmlsieve.datatrove  # noqa: F401
    assert "pip install" in str(err.value)
