"""Files people take away (CSV today), built without Streamlit so manage.py can build them too."""
