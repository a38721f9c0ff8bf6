// Tag screens (issue 3): the tag editor tab beside the article and the management view.
import "./tab";
import "./admin";
import "./tags.css";
