// Workflow screens (issue 3): the desk with profiles and views, and the article's workflow tab.
import "./desk";
import "./tab";
import "./workflow.css";
