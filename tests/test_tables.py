from landscape.tables import natural_key, sig, to_csv, to_markdown


def test_csv_and_markdown():
    rows = [{"name": "a", "x": 0.5, "n": 3}, {"name": "b", "x": None, "n": 12}]
    assert to_csv(rows, ["name", "x", "n"]) == "name,x,n\na,0.5,3\nb,,12\n"
    md = to_markdown(rows, ["name", "x", "n"], ["model", "value", "count"], {"x": sig(2)})
    assert md.splitlines() == ["| model | value | count |", "|---|---:|---:|",
                               "| a | 0.5 | 3 |", "| b | — | 12 |"]
    assert sig(3)(0.012345) == "0.0123"


def test_natural_order_of_model_names():
    names = ["mlp-10x5", "logreg", "mlp-1x100", "mlp-5x20", "mlp-1x5"]
    assert sorted(names, key=natural_key) == ["logreg", "mlp-1x5", "mlp-1x100", "mlp-5x20",
                                              "mlp-10x5"]
