"""Turn a SQL result into a small DataFrame with named columns."""

import pandas as pd
from sqlmodel import Session


def result_frame(session: Session, statement) -> pd.DataFrame:
    """Run a select and return its rows as a DataFrame keyed by the selected labels."""
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))
